"""Photo metadata: checksum, media type, GPS position and time from EXIF (bytes in, no I/O).

An image claiming more than :data:`MAX_PHOTO_PIXELS` pixels (a decompression bomb: a few
kilobytes that would unpack to gigabytes in a browser or an image library) is refused."""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass
from io import BytesIO

from townpaths.core.errors import InputError

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
#: Pixels of one photo (89.5 megapixels, Pillow's own bound: more than phones and field cameras take).
MAX_PHOTO_PIXELS = 89_478_485
_PIXELS = re.compile(r"\((\d+) pixels\)")


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


def _too_large(pixels: int | str, where: str, name: str | None) -> InputError:
    return InputError(f"an image of {pixels} pixels (at most {MAX_PHOTO_PIXELS}) refused", file=where, value=name)


def photo_info(content: bytes, where: str = "photo", name: str | None = None) -> PhotoInfo:
    """Checksum always; media type, GPS and time when Pillow can read the image. An image of more
    than :data:`MAX_PHOTO_PIXELS` pixels is an :class:`InputError` naming ``where`` (the file or
    archive) and ``name`` (the photo in it)."""
    info = PhotoInfo(hashlib.sha256(content).hexdigest(), None)
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(BytesIO(content))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        found = _PIXELS.search(str(exc))
        raise _too_large(found.group(1) if found else "too many", where, name) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return info  # not an image Pillow reads: the checksum only
    with img:
        if img.width * img.height > MAX_PHOTO_PIXELS:
            raise _too_large(img.width * img.height, where, name)
        try:
            info.media_type = Image.MIME.get(img.format or "")
            exif = img.getexif()
            gps = exif.get_ifd(GPS_IFD)
            if gps and 2 in gps and 4 in gps:
                lat, lon = _degrees(gps[2], gps.get(1, "N")), _degrees(gps[4], gps.get(3, "E"))
                if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
                    info.latitude, info.longitude = round(lat, 7), round(lon, 7)
            taken = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(306)
            if taken:
                info.taken_at = "".join(ch for ch in str(taken).strip()[:40] if ch.isprintable()) or None
        except (OSError, ValueError, SyntaxError, KeyError, TypeError):
            pass  # damaged metadata: the checksum and what was read
    return info
