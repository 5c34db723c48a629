"""Personal data protection: consent, access and portability, erasure, retention, access audit."""
