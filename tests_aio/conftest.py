"""The async client's tests run in their own environment (aiobotocore pins an older botocore).

They share the sample builders of tests/.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
