"""PAdES signatures on the papers a bureau issues (notices, minutes, period report), with pyHanko.

An administrator names the bureau's PKCS#12 certificate (``notice-settings --certificate F.p12``);
the store keeps only the file's place and its SHA-256 fingerprint. The passphrase is asked
whenever a PDF is signed — at a prompt, or from ``$DRG_WORKSTATION_CERT_PASSWORD`` — and never
stored. A signed PDF shows its signature in any PDF reader (and ``pdfsig``), so a hospital checks
the paper's integrity without trusting the paper itself; one changed byte fails validation.
"""
from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path

from workstation.domain.messages import UserError
from workstation.store.output_paths import atomic_output

PASSWORD_VARIABLE = "DRG_WORKSTATION_CERT_PASSWORD"


@dataclass(frozen=True)
class SigningKey:
    """The certificate to sign with and its passphrase, for the length of one printing."""
    path: str
    passphrase: bytes
    reason: str = ""


def fingerprint(path: str | os.PathLike) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        raise UserError(f"读不到证书文件 {path}：{exc.strerror or exc}",
                        f"Cannot read the certificate file {path}: {exc.strerror or exc}") from None


def _pyhanko_signers():
    # pyHanko imports cryptography's DSA module, which warns on import: not the user's concern.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pyhanko.sign import signers
    return signers


def _signer(key: SigningKey):
    signers = _pyhanko_signers()

    signer = signers.SimpleSigner.load_pkcs12(key.path, passphrase=key.passphrase or None)
    if signer is None:
        raise UserError(f"无法打开证书 {key.path}：口令不对，或不是 PKCS#12（.p12/.pfx）文件。",
                        f"Cannot open the certificate {key.path}: wrong passphrase, or not a PKCS#12 "
                        "(.p12/.pfx) file.")
    return signer


def check_key(key: SigningKey, expected_sha256: str = "") -> None:
    """Refuse a certificate that is not the one the settings name, or that does not open."""
    if expected_sha256 and fingerprint(key.path) != expected_sha256:
        raise UserError(f"证书文件 {key.path} 已不是设置时的那一份（指纹不同）：请管理员重新设置 notice-settings --certificate。",
                        f"The certificate file {key.path} is not the one set (its fingerprint differs): an "
                        "administrator sets it again with notice-settings --certificate.")
    _signer(key)


def sign_pdf(data: bytes, key: SigningKey) -> bytes:
    """The PDF with a PAdES (ETSI.CAdES.detached) signature added as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    signers = _pyhanko_signers()

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(field_name="BureauSignature", subfilter=fields.SigSeedSubFilter.PADES,
                                        reason=key.reason or None, md_algorithm="sha256")
    out = signers.sign_pdf(writer, meta, signer=_signer(key))
    return out.getvalue()


def write_file(out: str | os.PathLike, data: bytes) -> None:
    """Write through the one output-path check, beside the target and renamed: a failed write never
    leaves half a PDF under its name (store.output_paths.atomic_output)."""
    with atomic_output(out, None) as temporary:
        temporary.write_bytes(data)


def finish(data: bytes, out: str | os.PathLike, key: SigningKey | None) -> None:
    """Sign (when a key is given) and write ``data`` to ``out``."""
    write_file(out, sign_pdf(data, key) if key is not None else data)
