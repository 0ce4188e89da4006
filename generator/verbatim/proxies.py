"""Which proxy a request goes through, as httpx decides it: an explicit `proxy=` for every request;
otherwise, with `trust_env`, the environment's HTTP_PROXY / HTTPS_PROXY / ALL_PROXY (upper or lower
case), unless NO_PROXY names the host. The variables are read with the standard library's parser, once,
when the routes are made (as httpx reads them when its client is made).
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import urllib.request

import httpx


class ProxyRoutes:
    """The proxy of each request a client sends, decided once per scheme and host.

    Reading the environment walks every variable (about a hundred microseconds with a typical
    environment): done when the routes are made, not for each request."""

    def __init__(self, proxy: httpx.Proxy | httpx.URL | str | None, trust_env: bool) -> None:
        self._explicit = None if proxy is None else proxy if isinstance(proxy, httpx.Proxy) else httpx.Proxy(proxy)
        self._environment = urllib.request.getproxies_environment() if proxy is None and trust_env else {}
        self._decided: dict[tuple[str, str], httpx.Proxy | None] = {}

    def __call__(self, url: httpx.URL | str) -> httpx.Proxy | None:
        """The proxy a request to `url` goes through, or None to connect directly."""
        if self._explicit is not None or not self._environment:
            return self._explicit
        target = url if isinstance(url, httpx.URL) else httpx.URL(url)
        key = (target.scheme, target.host)
        if key not in self._decided:
            self._decided[key] = self._from_environment(target)
        return self._decided[key]

    def _from_environment(self, target: httpx.URL) -> httpx.Proxy | None:
        chosen = self._environment.get(target.scheme) or self._environment.get("all")
        if not chosen or _bypassed(target.host, self._environment):
            return None
        if "://" not in chosen:  # httpx reads `HTTP_PROXY=host:port` as http://host:port
            chosen = f"http://{chosen}"
        return httpx.Proxy(chosen)


def proxy_for(url: httpx.URL | str, proxy: httpx.Proxy | httpx.URL | str | None, trust_env: bool) -> httpx.Proxy | None:
    """The proxy a request to `url` goes through, or None to connect directly (the environment as it is now)."""
    return ProxyRoutes(proxy, trust_env)(url)


def _bypassed(host: str, proxies: dict[str, str]) -> bool:
    """NO_PROXY names the host: `*`, the host itself, or a domain it is in (`.example.com` or `example.com`)."""
    host = host.lower().strip("[]")
    for entry in (item.strip().lower() for item in proxies.get("no", "").split(",")):
        if "://" in entry:
            entry = entry.split("://", 1)[1]
        domain = entry.lstrip(".").rsplit(":", 1)[0] if entry.count(":") == 1 else entry.lstrip(".").strip("[]")
        if entry == "*" or (domain and (host == domain or host.endswith(f".{domain}"))):
            return True
    return False
