"""Classroom v1: courses, their teachers and students, user profiles and announcements,
loaded from a school fixture."""
