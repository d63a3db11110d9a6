"""Thread operations: one function per thing a person means to do."""
