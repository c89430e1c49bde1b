#!/usr/bin/env python3
"""Regenerates src/WorkflowDsl/Rules/IanaTimeZones.cs from the system's tzdata.zi (zones and links)."""
import os
here = os.path.dirname(os.path.abspath(__file__))
target = os.path.join(here, '..', '..', 'src', 'WorkflowDsl', 'Rules', 'IanaTimeZones.cs')
names = {"UTC", "Etc/UTC", "GMT", "Etc/GMT"}
for line in open('/usr/share/zoneinfo/tzdata.zi'):
    p = line.split()
    if not p:
        continue
    if p[0] == 'Z':
        names.add(p[1])
    elif p[0] == 'L':
        names.add(p[2])
text = open(target).read()
head, rest = text.split('        {\n', 1)
_, tail = rest.split('        };\n', 1)
body = ''.join('            "%s",\n' % n for n in sorted(names))
open(target, 'w').write(head + '        {\n' + body + '        };\n' + tail)
print(len(names), 'ids')
