"""Digitally signed PDFs (issue 24.4): a throwaway certificate made here, pyHanko validates the
signature, and one changed byte makes it fail."""
from __future__ import annotations

import datetime
import io

import pytest

from tests.conftest import run_cli

pytest.importorskip("pyhanko")


def make_certificate(path, passphrase: bytes) -> bytes:
    """A self-signed RSA certificate in a PKCS#12 file; returns the certificate (DER)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Yunchuan Healthcare Security Administration")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"bureau", key, cert, None, serialization.BestAvailableEncryption(passphrase)))
    return cert.public_bytes(serialization.Encoding.DER)


def validate(data: bytes, cert_der: bytes):
    from asn1crypto import x509 as asn1_x509
    from pyhanko.keys import load_cert_from_pemder  # noqa: F401 - the package is there
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data))
    (signature,) = reader.embedded_signatures
    return validate_pdf_signature(signature, ValidationContext(trust_roots=[asn1_x509.Certificate.load(cert_der)]))


def test_issued_notices_minutes_and_report_are_signed_and_one_byte_breaks_it(decided, db_path, tmp_path,
                                                                             monkeypatch):
    cert = make_certificate(tmp_path / "bureau.p12", b"s3cret")
    monkeypatch.setenv("DRG_WORKSTATION_CERT_PASSWORD", "s3cret")
    cycle = decided.db.execute("SELECT cycle FROM applications LIMIT 1").fetchone()[0]
    decided.db.close()
    setting = run_cli("--db", str(db_path), "--lang", "en", "notice-settings", "--certificate", str(tmp_path / "bureau.p12"))
    assert setting.returncode == 0, setting.stderr
    assert "bureau.p12" in setting.stdout and "s3cret" not in (db_path.read_bytes().decode("latin-1"))
    outs = {"notice": ["notice", "--application", "1"], "minutes": ["minutes", "--cycle", cycle],
            "report": ["report", "--period", "2024-03"]}
    for name, args in outs.items():
        result = run_cli("--db", str(db_path), "--lang", "en", *args, "--out", str(tmp_path / f"{name}.pdf"))
        assert result.returncode == 0, result.stderr
        data = (tmp_path / f"{name}.pdf").read_bytes()
        status = validate(data, cert)
        assert status.intact and status.valid, name
        at = data.index(b"Special") if b"Special" in data[:len(data) // 2] else len(data) // 3
        broken = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1:]
        assert not validate(broken, cert).intact, name


def test_a_wrong_passphrase_is_refused_and_nothing_is_issued(decided, db_path, tmp_path, monkeypatch):
    make_certificate(tmp_path / "bureau.p12", b"s3cret")
    monkeypatch.setenv("DRG_WORKSTATION_CERT_PASSWORD", "s3cret")
    decided.db.close()
    assert run_cli("--db", str(db_path), "notice-settings", "--certificate", str(tmp_path / "bureau.p12")).returncode == 0
    monkeypatch.setenv("DRG_WORKSTATION_CERT_PASSWORD", "wrong")
    result = run_cli("--db", str(db_path), "--lang", "en", "notice", "--application", "1", "--out",
                     str(tmp_path / "n.pdf"))
    assert result.returncode != 0 and "wrong passphrase" in result.stderr and not (tmp_path / "n.pdf").exists()
