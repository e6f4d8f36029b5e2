"""Worker task templates (Liquid), shipped as package data of a2i_moderation."""
