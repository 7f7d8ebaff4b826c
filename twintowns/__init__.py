"""Twintowns: the international relations office's system of record."""
