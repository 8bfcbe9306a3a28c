#!/usr/bin/env python3
"""A client of chkc serve for tests/suites/serve.sh (raw sockets: curl
normalises paths, and an event stream is read as it comes).

  client.py reload PORT FILE N       edit FILE N times; print the ms from
                                     each save to its "built" event
  client.py fail PORT FILE GOOD      break FILE, print the "failed" event,
                                     put GOOD back, wait for "built"
  client.py fuzz PORT SEED N MARKER  N odd request paths: never a 200 that
                                     holds MARKER, never a crash
  client.py concurrent PORT N PATH SIZE
                                     N connections open at once, each a GET
                                     of PATH: every one 200 with SIZE bytes
Exit status 0 when all went as it should; what did not goes to stdout.
"""
import os
import random
import resource
import socket
import sys
import time

HOST = '127.0.0.1'


class Events:
    """The event stream /__chkc/events, read event by event."""

    def __init__(self, port):
        self.s = socket.create_connection((HOST, port), timeout=10)
        self.s.sendall(b'GET /__chkc/events HTTP/1.1\r\nHost: x\r\n'
                       b'Accept: text/event-stream\r\n\r\n')
        self.buf = b''
        head = self._until(b'\r\n\r\n')
        if b' 200 ' not in head.split(b'\r\n')[0]:
            raise SystemExit('events: ' + head.decode('latin-1'))
        self.chunked = b'chunked' in head.lower()
        self.text = ''

    def _until(self, sep):
        while sep not in self.buf:
            data = self.s.recv(65536)
            if not data:
                raise EOFError('stream closed')
            self.buf += data
        i = self.buf.index(sep)
        out, self.buf = self.buf[:i], self.buf[i + len(sep):]
        return out

    def _more(self):
        if not self.chunked:
            data = self.s.recv(65536)
            if not data:
                raise EOFError('stream closed')
            self.text += data.decode('utf-8')
            return
        size = int(self._until(b'\r\n').split(b';')[0], 16)
        while len(self.buf) < size + 2:
            data = self.s.recv(65536)
            if not data:
                raise EOFError('stream closed')
            self.buf += data
        self.text += self.buf[:size].decode('utf-8')
        self.buf = self.buf[size + 2:]

    def next(self, timeout):
        """(event, data) of the next event, comments skipped."""
        self.s.settimeout(timeout)
        while True:
            while '\n\n' not in self.text:
                self._more()
            block, self.text = self.text.split('\n\n', 1)
            ev, data = None, []
            for line in block.split('\n'):
                if line.startswith('event: '):
                    ev = line[7:]
                elif line.startswith('data: '):
                    data.append(line[6:])
            if ev is not None:
                return ev, '\n'.join(data)


def reload(port, path, n):
    ev = Events(port)
    kind, gen = ev.next(10)
    if kind != 'built':
        print(f'first event {kind}: {gen}')
        return 1
    orig = open(path).read()
    rc = 0
    try:
        for i in range(int(n)):
            t0 = time.monotonic()
            with open(path, 'w') as f:
                f.write(orig + f'\n# edit {i}\n')
            kind, data = ev.next(10)
            ms = (time.monotonic() - t0) * 1000
            if kind != 'built' or data == gen:
                print(f'edit {i}: event {kind} {data}')
                rc = 1
            gen = data
            print(f'reload {ms:.0f}')
    finally:
        with open(path, 'w') as f:
            f.write(orig)
    ev.next(10)
    return rc


def fail(port, path, good):
    ev = Events(port)
    ev.next(10)
    with open(path, 'w') as f:
        f.write('id: [broken\n')
    kind, data = ev.next(10)
    print(kind)
    print(data)
    with open(path, 'w') as f:
        f.write(open(good).read())
    kind, data = ev.next(10)
    print(kind)
    return 0


def request(port, target, timeout=10):
    """Status and body of a raw GET of target (bytes); status 0 when
    the server closed the connection without an answer."""
    s = socket.create_connection((HOST, port), timeout=timeout)
    try:
        s.sendall(b'GET ' + target + b' HTTP/1.1\r\nHost: x\r\n'
                  b'Connection: close\r\n\r\n')
        data = b''
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    except ConnectionResetError:
        return 0, b''
    finally:
        s.close()
    if not data.startswith(b'HTTP/1.'):
        return 0, data
    return int(data.split(b' ', 2)[1]), data.split(b'\r\n\r\n', 1)[-1]


PIECES = ['..', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '', '.',
          'thebot', 'deploy.html', 'index.html', '%00', '%2f', '%5c', '\\',
          '..%2f', '..\\', 'etc', 'passwd', 'secret.txt', 'leak', 'up',
          'content', 'thebot.yaml', '%ff', '\u00e9', 'a' * 300, '~', '%',
          '%2', '?x=..', '#', ';', '%u002e', '%c0%ae%c0%ae', '....', '*']


def fuzz_target(rng):
    parts = [rng.choice(PIECES) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.2:
        parts.append(''.join(chr(rng.randint(33, 126))
                             for _ in range(rng.randint(1, 12))))
    t = '/'.join(parts)
    r = rng.random()
    if r < 0.1:
        t = 'http://x/' + t
    elif r < 0.15:
        t = '/' + '/' * rng.randint(1, 3) + t
    elif r < 0.9:
        t = '/' + t
    return t.replace(' ', '%20').encode('utf-8')


def fuzz(port, seed, n, marker):
    rng = random.Random(int(seed))
    rc = 0
    seen = {}
    for _ in range(int(n)):
        t = fuzz_target(rng)
        status, body = request(port, t)
        seen[status] = seen.get(status, 0) + 1
        if status == 200 and marker.encode() in body:
            print(f'leak: {t!r}')
            rc = 1
        if status not in (0, 200, 301, 400, 404, 405, 414, 431):
            print(f'status {status}: {t!r}')
            rc = 1
    status, _ = request(port, b'/')
    if status != 200:
        print(f'after the fuzz, / gives {status}')
        rc = 1
    print('statuses ' + ' '.join(f'{k}:{v}' for k, v in sorted(seen.items())))
    return rc


def concurrent(port, n, path, size):
    n, size = int(n), int(size)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < n + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))
    req = (f'GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
           ).encode()
    socks = []
    for _ in range(n):
        s = socket.create_connection((HOST, port), timeout=60)
        socks.append(s)
    for s in socks:
        s.sendall(req)
    bad = 0
    for s in socks:
        data = b''
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
        s.close()
        head, _, body = data.partition(b'\r\n\r\n')
        if not head.startswith(b'HTTP/1.1 200') or len(body) != size:
            bad += 1
    if bad:
        print(f'{bad} of {n} requests failed')
    return 1 if bad else 0


def main():
    cmd, port, *rest = sys.argv[1:]
    port = int(port)
    return {'reload': reload, 'fail': fail, 'fuzz': fuzz,
            'concurrent': concurrent}[cmd](port, *rest)


if __name__ == '__main__':
    sys.exit(main())
