"""The landing page, the member's home and the health check."""
