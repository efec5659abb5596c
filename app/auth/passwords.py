"""Password hashing at OWASP's minimum for Argon2id (19 MiB, t=2, p=1), with upgrade on login."""
import secrets

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash

HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

# Top entries of public leaked-password lists, plus the obvious local ones.
COMMON_PASSWORDS = frozenset("""
123456 123456789 12345678 1234567890 password password1 password123 qwerty qwerty123 abc123
11111111 00000000 88888888 66666666 12341234 1q2w3e4r 1qaz2wsx qwertyuiop iloveyou admin123
admin@123 welcome1 letmein1 a1234567 aa123456 abcd1234 woaini1314 5201314520 zxcvbnm123
asdfghjkl 147258369 987654321 123123123 111111111 passw0rd p@ssw0rd p@ssword changeme
""".split())


def new_initial_password() -> str:
    """Ten characters without look-alikes (0/O, 1/l/I): about 58 bits, easy to type from paper."""
    while True:
        password = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))
        if password_problem(password) is None:
            return password


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """Check a password against an Argon2 hash, or a legacy Werkzeug hash from older imports."""
    if stored_hash.startswith(("pbkdf2:", "scrypt:")):
        return check_password_hash(stored_hash, password)
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    if not stored_hash.startswith("$argon2"):
        return True
    try:
        return HASHER.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is too weak, in Chinese, or None when it is acceptable."""
    if len(password) < 8:
        return "密码至少需要 8 个字符。"
    if len(password) > 128:
        return "密码不能超过 128 个字符。"
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        return "这个密码太常见或太简单，请换一个更难猜的密码。"
    local = email.split("@")[0].lower()
    if len(local) >= 4 and local in lowered:
        return "密码不能包含邮箱用户名。"
    return None
