"""The generator serves any botocore service: ``python -m codegen plan`` builds each one's whole plan.

``SAMPLE`` (``codegen/plan.py``) holds, line by line, the kinds of model the
engine once refused, by the smallest services that have them; every
installed service is planned by ``python -m codegen plan --all``, outside
the suite (it takes minutes).
"""

from __future__ import annotations

import importlib
import io
import re
import sys
import tokenize
from pathlib import Path

import attrs
import pytest
from hypothesis import given

from codegen.__main__ import main, render_service
from codegen.client import FLAVOURS, ClientPlanner
from codegen.extract import load_model
from codegen.model import all_classes
from codegen.plan import SAMPLE, config_for, facts_of, plan_service, seeds_of
from codegen.render import Planner, header, render_class
from codegen.service import ServiceConfig, derived_config, load_service
from ecr_attrs import models as ecr_models
from ecr_attrs._validators import document
from ecr_attrs.exceptions import ERRORS as ECR_ERRORS
from ecr_attrs.strategies import for_rule
from ecr_attrs.values import FrozenDict

ROOT = Path(__file__).parent.parent


def planner_for(name: str) -> Planner:
    service = config_for(name)
    facts = facts_of(service)
    planner = Planner(all_classes([], facts), facts, service=service)
    planner.plan()
    return planner


@pytest.mark.backend_independent  # the generator alone: no converter runs
@pytest.mark.parametrize("name", SAMPLE)
def test_every_sampled_service_plans_with_every_operation(name):
    model = load_model(name)[0]
    counts = plan_service(name)
    assert counts.operations == len(model["operations"])
    assert counts.errors == sum(1 for s in model["shapes"].values() if s.get("exception"))
    assert counts.classes > 0


def test_the_sample_is_at_least_sixty_distinct_services():
    assert len(set(SAMPLE)) == len(SAMPLE) >= 60


def test_planning_ecr_in_memory_gives_the_committed_package():
    counts = plan_service("ecr")
    assert (counts.classes, counts.errors) == (len(ecr_models.CLASS_NAMES), len(ECR_ERRORS))


@pytest.mark.backend_independent  # the generator alone: no converter runs
def test_the_plan_command_prints_counts_and_exits_zero(capsys):
    assert main(["plan", "--service", "ecr-public", "--service", "sts"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"^ecr-public: \d+ classes, .*23 operations, 4 paginators, 0 waiters, 24 errors$", out, re.MULTILINE
    )
    assert "planned 2 of 2 services" in out


def test_the_plan_command_names_an_unknown_service_and_fails(capsys):
    assert main(["plan", "--service", "no-such-service"]) == 1
    assert "no-such-service: FAILED: LookupError: botocore has no service named 'no-such-service'" in (
        capsys.readouterr().out
    )


def test_a_recursive_shape_names_itself_lazily():
    planner = planner_for("dynamodbstreams")
    assert ("AttributeValueTypeDef", "AttributeValueTypeDef") in planner.lazy
    plan = next(p for p in planner.plan() if p.name == "AttributeValueTypeDef")
    text = render_class(planner, plan, [])
    assert '_v.instance_of_lazy("ecr_attrs.planned.dynamodbstreams._models.AttributeValueTypeDef"' in text
    assert "import AttributeValueTypeDef" not in text  # a module never imports itself


def test_structures_held_only_by_errors_are_classes():
    facts = facts_of(config_for("uxc"))
    holder = facts["classes"]["ValidationExceptionTypeDef"]
    held = {m["member"]["class"] for m in holder["members"].values() if m["type"] == "list"}
    assert held and held <= set(facts["classes"])


@pytest.mark.backend_independent  # the generator alone: no converter runs
def test_streaming_and_event_stream_members_are_left_out_by_name():
    facts = facts_of(config_for("s3"))
    assert {"GetObjectOutput.Body", "PutObjectRequest.Body"} <= set(facts["left_out"])
    assert "Body" not in facts["classes"]["GetObjectResponseTypeDef"]["fields"]
    assert "kinesis: " in plan_service("kinesis").line()
    assert "SubscribeToShardOutput.EventStream" in plan_service("kinesis").line()


def test_a_list_of_input_tokens_are_all_left_to_the_paginator():
    facts = facts_of(config_for("s3"))
    fields = facts["classes"]["ListObjectVersionsRequestListObjectVersionsPaginateTypeDef"]["fields"]
    assert {"KeyMarker", "VersionIdMarker"}.isdisjoint(fields)
    assert "Bucket" in fields


def test_a_result_key_that_is_not_a_list_pages_but_yields_no_items():
    planner = planner_for("rds")
    client = ClientPlanner(planner, {"classes": planner.facts, **facts_of(planner.service)})
    for flavour in FLAVOURS.values():
        paginator = client.paginators["DownloadDBLogFilePortion"]
        text = "\n".join(client.paginator_class("DownloadDBLogFilePortion", paginator, flavour))
        assert "def paginate(" in text
        assert "def items(" not in text


def test_services_without_paginators_or_waiters_files_plan():
    counts = plan_service("sts")
    assert (counts.paginators, counts.waiters) == (0, 0)


def test_a_member_the_model_marks_sensitive_is_masked():
    planner = planner_for("sso")
    plan = next(p for p in planner.plan() if p.name == "RoleCredentialsTypeDef")
    masked = {f.name for f in plan.fields if f.repr == "_v.masked"}
    assert {"secretAccessKey", "sessionToken"} <= masked


def test_ecr_masks_its_two_secrets_through_its_overrides_file():
    from codegen.overrides import load_overrides

    service = load_service("ecr")
    assert load_overrides(service.overrides).sensitive == {
        ("AuthorizationData", "authorizationToken"),
        ("GetDownloadUrlForLayerResponse", "downloadUrl"),
    }
    shown = repr(ecr_models.AuthorizationDataTypeDef(authorizationToken="QVdTOnPDqWNyZXQ="))
    assert "QVdTOnPDqWNyZXQ=" not in shown


def test_an_overrides_entry_naming_no_member_fails_loudly(tmp_path):
    from codegen.overrides import load_overrides

    path = tmp_path / "overrides.toml"
    path.write_text('[sensitive]\nAuthorizationData = ["password"]\n', encoding="utf-8")
    service = load_service("ecr")
    facts = facts_of(service)
    with pytest.raises(LookupError, match=r"sensitive names AuthorizationData\.password"):
        Planner(all_classes(seeds_of(service), facts), facts, load_overrides(path), service)


# A planned package, written and imported: unions, documents and recursive shapes at run time.


@pytest.fixture(scope="module")
def agent_discovery(tmp_path_factory):
    """agent-discovery's package, generated into a scratch directory: it has all three."""
    service = attrs.evolve(
        derived_config("agent-discovery", "Agent Discovery"), package="planned_agent_discovery"
    )
    root = tmp_path_factory.mktemp("planned")
    for path, text in render_service(service, facts_of(service)).items():
        target = root / service.package / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / service.package / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(f"{service.package}.models")
    finally:
        sys.path.remove(str(root))


def test_every_class_of_a_planned_package_imports(agent_discovery):
    assert all(isinstance(getattr(agent_discovery, n), type) for n in agent_discovery.CLASS_NAMES)


def test_a_recursive_class_holds_itself(agent_discovery):
    entry = agent_discovery.DescriptorEntryTypeDef
    inner = entry(data="ünïcode")
    outer = entry(additionalData={"k": inner})
    assert outer.additionalData == FrozenDict({"k": inner})
    with pytest.raises(TypeError, match=r"additionalData\.k: expected DescriptorEntryTypeDef, got 3$"):
        entry(additionalData={"k": 3})


def test_a_union_takes_exactly_one_member(agent_discovery):
    identifier = agent_discovery.IdentifierTypeDef
    assert identifier(domain="example.com").domain == "example.com"
    with pytest.raises(ValueError, match="a union takes exactly one of domain, uri; got 0"):
        identifier()
    with pytest.raises(ValueError, match="got 2: domain, uri"):
        identifier(domain="example.com", uri="https://example.com")


def test_a_document_holds_any_json_value_frozen(agent_discovery):
    fields = attrs.fields_dict(agent_discovery.SearchPublicRecordsRequestRequestTypeDef)
    documents = [f for f in fields.values() if "document" in repr(f.validator)]
    assert documents, "agent-discovery's search request holds a document"
    rule = documents[0].validator.inner
    value = {"a": [1, 2.5, {"b": None}], "ü": True}
    assert rule.problem(value) is None
    assert rule.stored(value) == FrozenDict({"a": (1, 2.5, FrozenDict({"b": None})), "ü": True})
    assert rule.problem({"a": float("nan")}).path == ("a",)
    assert rule.problem({1: "x"}).error is TypeError


# The generator is service-agnostic: ECR's names come from spec/services/ecr.toml.

ENGINE = ["render.py", "client.py", "extract.py", "model.py", "overrides.py"]


@pytest.mark.parametrize("module", ENGINE)
def test_no_generator_module_names_ecr_in_its_code(module):
    source = (ROOT / "codegen" / module).read_text(encoding="utf-8")
    found = [
        (tok.start[0], tok.string)
        for tok in tokenize.generate_tokens(io.StringIO(source).readline)
        if tok.type == tokenize.STRING
        and not tok.string.startswith('"""')
        and re.search(r"\bECR\b|ecr_attrs|\becr\b", tok.string)
    ]
    assert found == []


def test_the_ecr_config_names_its_package_and_classes():
    service = load_service("ecr")
    assert isinstance(service, ServiceConfig)
    assert (service.botocore_name, service.package, service.client_class, service.base_error) == (
        "ecr",
        "ecr_attrs",
        "ECRClient",
        "ECRServiceError",
    )
    assert service.async_client_class == "AsyncECRClient"


def test_a_derived_config_names_classes_after_the_service_id():
    service = derived_config("ecr-public", "ECR PUBLIC")
    assert (service.client_class, service.base_error) == ("ECRPUBLICClient", "ECRPUBLICServiceError")
    assert header(None, None, {"source": {"botocore": "1", "apiVersion": "2"}}, "X")[1] == (
        "# Inputs: the installed botocore's model (botocore 1, X API 2)."
    )


def test_the_structuring_codec_checks_a_union_too(agent_discovery):
    from ecr_attrs._compile import Codec, Invalid

    structure_identifier = Codec(strict=False, json=False).structure_fn(agent_discovery.IdentifierTypeDef)
    assert structure_identifier({"uri": "https://example.com"}).uri == "https://example.com"
    with pytest.raises(Invalid) as refused:
        structure_identifier({})
    assert refused.value.problems == [((), "a union takes exactly one member")]


@given(for_rule(document()))
def test_a_document_rule_has_a_strategy_of_frozen_json_values(value):
    assert document().problem(value) is None
    assert document().stored(value) == value
