"""Helpers that are not domain: settings parsing, text folding, dates."""
