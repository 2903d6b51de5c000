"""Room codes, facilitator secrets and signed participant tokens (no I/O)."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

#: Room codes avoid letters and digits that are easy to confuse on a projector (0/O, 1/I/L).
ROOM_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ROOM_CODE_LENGTH = 6


def new_room_code() -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def normalise_room_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def new_salt() -> str:
    """The salt of a workshop's facilitator link (a new one revokes the old link)."""
    return secrets.token_hex(16)


def facilitator_key(secret_key: str, workshop_id: int, salt: str) -> str:
    """The secret of a workshop's facilitator link, derived from the instance's secret key and the
    workshop's salt: it can be shown again (nothing to store), and a new salt revokes it."""
    digest = hmac.new(secret_key.encode(), f"townpaths.workshop.link:{workshop_id}:{salt}".encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def salt_fingerprint(salt: str | None) -> str:
    """A short, non-secret mark of the salt a guest facilitator's cookie was made with: a new salt
    ends the guest's console session too."""
    return hashlib.sha256(f"townpaths.workshop.salt:{salt or ''}".encode()).hexdigest()[:16]


def hash_secret(secret: str, *, salt: bytes | None = None) -> str:
    """scrypt hash ``scrypt$<salt hex>$<hash hex>`` of a facilitator secret or password."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode("utf-8", "surrogatepass"), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_secret(secret: str, stored: str | None) -> bool:
    if not stored or not secret:
        return False
    try:
        scheme, salt, _digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    return hmac.compare_digest(hash_secret(secret, salt=bytes.fromhex(salt)), stored)


class Signer:
    """Signed, tamper-proof tokens bound to the app's secret key, one salt per purpose."""

    def __init__(self, secret_key: str) -> None:
        self._participant = URLSafeSerializer(secret_key, salt="townpaths.workshop.participant")
        self._admin = URLSafeSerializer(secret_key, salt="townpaths.workshop.admin")
        self._viewer = URLSafeSerializer(secret_key, salt="townpaths.workshop.viewer")

    def participant_token(self, workshop_id: int, participant_id: int) -> str:
        return self._participant.dumps({"w": workshop_id, "p": participant_id})

    def read_participant(self, token: str | None) -> tuple[int, int] | None:
        data = _loads(self._participant, token)
        if not isinstance(data, dict) or not isinstance(data.get("w"), int) or not isinstance(data.get("p"), int):
            return None
        return data["w"], data["p"]

    def admin_token(self, workshop_id: int, salt: str | None) -> str:
        """The guest facilitator's console cookie, valid while the workshop keeps ``salt``."""
        return self._admin.dumps({"w": workshop_id, "s": salt_fingerprint(salt)})

    def read_admin(self, token: str | None) -> tuple[int, str] | None:
        """(workshop id, salt fingerprint) of a valid guest cookie."""
        data = _loads(self._admin, token)
        if not isinstance(data, dict) or not isinstance(data.get("w"), int) or not isinstance(data.get("s"), str):
            return None
        return data["w"], data["s"]

    def viewer_token(self, workshop_id: int) -> str:
        """A token of a view of the workshop that takes no part (the projector): it may follow the
        public state, nothing more. Given to whoever knew the room code."""
        return self._viewer.dumps({"w": workshop_id})

    def read_viewer(self, token: str | None) -> int | None:
        data = _loads(self._viewer, token)
        return data.get("w") if isinstance(data, dict) and isinstance(data.get("w"), int) else None


def _loads(serializer: URLSafeSerializer, token: str | None) -> object:
    if not token:
        return None
    try:
        return serializer.loads(token)
    except BadSignature:
        return None
