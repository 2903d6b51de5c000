"""Photo metadata: checksum, media type, GPS position and time from EXIF (bytes in, no I/O)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from io import BytesIO

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867


@dataclass
class PhotoInfo:
    sha256: str
    media_type: str | None
    latitude: float | None = None
    longitude: float | None = None
    taken_at: str | None = None


def _degrees(value, ref) -> float | None:
    try:
        d, m, s = (float(x) for x in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    return -deg if str(ref).strip().upper() in ("S", "W") else deg


def photo_info(content: bytes) -> PhotoInfo:
    """Checksum always; media type, GPS and time when Pillow can read the image."""
    info = PhotoInfo(hashlib.sha256(content).hexdigest(), None)
    try:
        from PIL import Image, UnidentifiedImageError

        with Image.open(BytesIO(content)) as img:
            info.media_type = Image.MIME.get(img.format or "")
            exif = img.getexif()
            gps = exif.get_ifd(GPS_IFD)
            if gps and 2 in gps and 4 in gps:
                lat, lon = _degrees(gps[2], gps.get(1, "N")), _degrees(gps[4], gps.get(3, "E"))
                if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
                    info.latitude, info.longitude = round(lat, 7), round(lon, 7)
            taken = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(306)
            if taken:
                info.taken_at = str(taken).strip()[:40]
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        pass  # not an image Pillow reads (or one claiming billions of pixels): the checksum only
    return info
