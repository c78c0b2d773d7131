import warnings
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from tbgraph.api import Settings, create_app

app = create_app(Settings(query_timeout=2, max_rows=50, query_workers=2, validate_on_start=False))
schema = schemathesis.openapi.from_dict(app.openapi())
schema.app = app

@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case):
    case.call_and_validate()
