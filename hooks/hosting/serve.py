"""`make serve-prod`: the built site through the production nginx config, in the foreground.

For a person to try the public website as it will be served (headers, caching, 404).
nginx replaces this process, so Ctrl-C reaches it directly and stops it.

    python -m hooks.hosting.serve [--root site] [--listen 127.0.0.1:8080]
"""

from __future__ import annotations

import os

from hooks.hosting import nginx as nginx_conf


def main() -> None:
    args = nginx_conf.arguments(__doc__.splitlines()[0])
    command = nginx_conf.render(args.root, args.listen, args.out)
    address = args.listen if ":" in args.listen else f"127.0.0.1:{args.listen}"
    print(f"Serving {args.root} with hooks/hosting/nginx-conf/ at http://{address}/ "
          f"(access log: {args.out / 'access.log'}). Ctrl-C stops it.", flush=True)
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
