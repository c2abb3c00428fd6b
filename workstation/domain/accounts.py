"""Local accounts: roles, password hashes (scrypt) and the sign-in lockout.

Passwords are never stored: a salted ``hashlib.scrypt`` digest is, in the
self-describing form ``scrypt$n$r$p$salt_hex$digest_hex`` so that the cost
parameters can be raised later without invalidating old hashes.
"""
from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from workstation.domain.messages import Text, UserError, named_choice


class Role(StrEnum):
    REVIEWER = "reviewer"  # 经办审核员
    EXPERT = "expert"  # 评审专家
    SUPERVISOR = "supervisor"  # 科室负责人
    ADMIN = "admin"  # 系统管理员


ROLE_NAMES = {
    Role.REVIEWER: Text("经办审核员", "reviewer"),
    Role.EXPERT: Text("评审专家", "expert"),
    Role.SUPERVISOR: Text("科室负责人", "supervisor"),
    Role.ADMIN: Text("系统管理员", "admin"),
}

# scrypt cost: n=2**14, r=8 takes ~50 ms and 16 MB here, enough against offline guessing of a
# stolen file while a sign-in stays instant.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MIN_PASSWORD_LENGTH = 8
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)


def parse_role(text: str) -> Role:
    role = named_choice(text, ROLE_NAMES)
    if role is not None:
        return role
    raise UserError(f"未知的角色 {text!r}：应为 reviewer、expert、supervisor 或 admin。",
                    f"Unknown role {text!r}: use reviewer, expert, supervisor or admin.")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                               p=int(p), maxmem=128 * int(n) * int(r) * 2)
    return hmac.compare_digest(candidate.hex(), digest)


def check_new_password(password: str, username: str) -> None:
    """Refuses a password too short or equal to the user name."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符。",
                        f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if password.strip().lower() == username.strip().lower():
        raise UserError("密码不能与用户名相同。", "The password must not be the user name.")


@dataclass(frozen=True)
class SignInState:
    failed_attempts: int
    locked_until: datetime | None

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, now: datetime) -> SignInState:
        """One more failed try; the fifth locks the account for 15 minutes."""
        failed = self.failed_attempts + 1
        if failed >= MAX_FAILED_SIGN_INS:
            return SignInState(0, now + LOCKOUT)
        return SignInState(failed, None)
