from .base import *

DEBUG = env_bool("DEBUG", True)

# WhiteNoise warns on every request when the collected-static folder does not exist yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
