from ecr_attrs.models import *  # noqa: F403
