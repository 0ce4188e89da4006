"""Which proxy a request goes through, as httpx decides it: an explicit `proxy=` for every request;
otherwise, with `trust_env`, the environment's HTTP_PROXY / HTTPS_PROXY / ALL_PROXY (upper or lower
case), unless NO_PROXY names the host. The variables are read with the standard library's parser.
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import urllib.request

import httpx


def proxy_for(url: httpx.URL | str, proxy: httpx.Proxy | httpx.URL | str | None, trust_env: bool) -> httpx.Proxy | None:
    """The proxy a request to `url` goes through, or None to connect directly."""
    if proxy is not None:
        return proxy if isinstance(proxy, httpx.Proxy) else httpx.Proxy(proxy)
    if not trust_env:
        return None
    target = httpx.URL(url)
    proxies = urllib.request.getproxies_environment()
    chosen = proxies.get(target.scheme) or proxies.get("all")
    if not chosen or _bypassed(target.host, proxies):
        return None
    if "://" not in chosen:  # httpx reads `HTTP_PROXY=host:port` as http://host:port
        chosen = f"http://{chosen}"
    return httpx.Proxy(chosen)


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
