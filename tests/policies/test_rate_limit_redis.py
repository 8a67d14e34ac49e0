"""The public pages' rate limit on Redis, as production runs it: one counter per address and bucket.

The tests use Redis at SILAH_TEST_REDIS_URL (database 15 of the local Redis by default, never the
application's database 0) and are skipped only when it cannot be reached.
"""

import os

import pytest
import redis
from django.core.cache import cache
from django.test import RequestFactory

from policies.ratelimit import count_attempt, rate_limited

REDIS_URL = os.environ.get("SILAH_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_reachable() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _redis_reachable(), reason=f"no Redis at {REDIS_URL}")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "t"}
    }
    cache.clear()
    yield redis.Redis.from_url(REDIS_URL)
    cache.clear()


def visitor(address: str):
    return RequestFactory().post("/apply/track/", REMOTE_ADDR=address)


def test_the_eleventh_tracking_attempt_from_one_address_is_refused(redis_cache, settings):
    settings.PUBLIC_TRACKING_ATTEMPTS = 10
    answers = [rate_limited(visitor("10.1.1.1"), "track") for _attempt in range(11)]
    assert answers == [False] * 10 + [True]


def test_another_address_and_another_bucket_keep_their_own_count(redis_cache, settings):
    settings.PUBLIC_TRACKING_ATTEMPTS = 1
    rate_limited(visitor("10.1.1.1"), "track")
    assert rate_limited(visitor("10.1.1.1"), "track") is True
    assert rate_limited(visitor("10.1.1.2"), "track") is False
    assert rate_limited(visitor("10.1.1.1"), "complaint_track") is False


def test_the_count_ends_with_the_window_that_its_first_attempt_opened(redis_cache):
    count_attempt("silah:rate:test:a", window=600)
    full_key = cache.make_and_validate_key("silah:rate:test:a")
    first_ttl = redis_cache.ttl(full_key)
    count_attempt("silah:rate:test:a", window=600)
    assert 590 <= first_ttl <= 600
    assert 0 < redis_cache.ttl(full_key) <= first_ttl


def test_the_counter_reads_back_as_the_number_of_attempts_through_the_cache(redis_cache):
    for _attempt in range(3):
        count_attempt("silah:rate:test:b", window=60)
    assert cache.get("silah:rate:test:b") == 3


def test_a_counter_whose_window_has_ended_starts_again_at_one(redis_cache):
    count_attempt("silah:rate:test:c", window=60)
    count_attempt("silah:rate:test:c", window=60)
    redis_cache.delete(cache.make_and_validate_key("silah:rate:test:c"))  # as Redis does when the window ends
    assert count_attempt("silah:rate:test:c", window=60) == 1
