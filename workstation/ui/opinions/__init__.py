"""The register of hospitals' opinions (意见收集反馈)."""
