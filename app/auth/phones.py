"""Mainland mobile numbers: 11 digits starting 1[3-9], typed with or without +86, spaces or dashes."""
import re
import unicodedata

# An apostrophe is what a spreadsheet leaves of "keep this number as text"; none belongs in a number.
SEPARATORS = re.compile(r"[\s\-()（）'‘’]")
MOBILE = re.compile(r"1[3-9][0-9]{9}")


def normalise_phone(text: str) -> str | None:
    """`+86 138-0013-8000` -> `13800138000`; None when it is not a mainland mobile number.
    Full-width digits and plus (a Chinese input method's) count as the ASCII ones."""
    digits = SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix):]
            break
    return digits if MOBILE.fullmatch(digits) else None
