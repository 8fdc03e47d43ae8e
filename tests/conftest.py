from __future__ import annotations

import os

# Tests never reach a model hub: the bundled model is loaded from disk.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
