"""Rewrites section header fields of an ELF64 little-endian program, as a
crafted build output could have them. The program still runs: the loader
reads program headers only. Usage: craft-elf.py <program> <variant>."""
import struct
import sys

program, variant = sys.argv[1], sys.argv[2]
with open(program, 'r+b') as f:
    header = f.read(64)
    shoff, = struct.unpack_from('<Q', header, 0x28)
    shstrndx, = struct.unpack_from('<H', header, 0x3e)
    if variant == 'many-sections':
        # A 256 MiB sparse file whose section 0, with e_shnum 0, counts 2 Mi section headers of 64 bytes.
        at = 128 << 20
        f.truncate(256 << 20)
        f.seek(0x28); f.write(struct.pack('<Q', at))
        f.seek(0x3c); f.write(struct.pack('<H', 0))
        f.seek(at + 32); f.write(struct.pack('<Q', 2 << 20))
    elif variant == 'huge-names':
        # The section name table's size, at 47 bits, beyond any buffer.
        f.seek(shoff + shstrndx * 64 + 32); f.write(struct.pack('<Q', (1 << 47) - 1))
    elif variant == 'short-entries':
        f.seek(0x3a); f.write(struct.pack('<H', 8))
    elif variant == 'offset-past-2-53':
        f.seek(0x28); f.write(struct.pack('<Q', 1 << 63))
    else:
        sys.exit(f'unknown variant {variant}')
