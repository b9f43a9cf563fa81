"""The TypedDicts of requests as boto3 takes them, to annotate dicts built ahead of a call.

A literal passed straight to a client method is checked against these already;
a dict built first and passed later needs its type named, or a type checker
infers ``dict[str, object]`` and refuses the call::

    from ecr_attrs.request_dicts import ImageScanningConfigurationDict

    scanning: ImageScanningConfigurationDict = {"scanOnPush": True}
    client.create_repository(repositoryName="web", imageScanningConfiguration=scanning)

``...Dict`` is the mapping form of the class ``...TypeDef`` (``TagDict`` of
``TagTypeDef``); ``...Kwargs`` are the keyword arguments of a method
(``CreateRepositoryKwargs`` of ``create_repository``), for ``client.create_repository(**kwargs)``.
"""

from ecr_attrs._kwargs import *
from ecr_attrs._kwargs import __all__ as __all__
