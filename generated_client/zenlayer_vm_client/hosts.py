"""Whether a URL's host is this machine's loopback (a local mock), read as an address, not as a string:
`127.0.0.1`, `127.5.5.5`, `::1` and `localhost` are; `127.0.0.1.nip.io` (a public name) is not.
Copied verbatim from the generator (generator/verbatim/): edit it there, not in generated_client/.
"""

import ipaddress
from urllib.parse import urlsplit


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_loopback_url(url: str) -> bool:
    return is_loopback_host(urlsplit(url).hostname or "")
