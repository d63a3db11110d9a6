"""Members: joining, signing in, profiles, the directory and connections."""
