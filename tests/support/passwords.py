"""The test password and the password hasher, defined once for every test (no Django import)."""

#: The password of every user the factories and the test worlds make (tests log in with it).
PASSWORD = "correct horse battery staple"

#: MD5 instead of PBKDF2 (about a second per user on our shared machines): tests are not
#: about hashing. tests/conftest.py sets it for every test.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
