"""Text out of every format: PDF text layers, OCR of scans, email bodies and attachments."""
