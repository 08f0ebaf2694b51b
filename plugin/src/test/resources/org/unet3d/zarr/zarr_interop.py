"""Zarr files written and read by python3-zarr, an independent implementation, for PythonZarrTest.

  write ROOT         writes test arrays and OME-Zarr images under ROOT, each NAME with NAME.raw
                     (its voxels as python3-zarr reads them: little-endian, C order) and a line
                     in ROOT/cases.tsv: name, dtype, shape (z,y,x or c,z,y,x), expected outcome
  check LIST         reads the OME-Zarr images that Java wrote, listed in the JSON file LIST with the
                     raw file of their voxels and the metadata expected; prints "OK name" or
                     "FAIL name: why" for each, and exits with 1 if any failed
  convert SRC DST    the conversion our error messages recommend (zarr.copy_all with zlib)
"""
import json
import os
import sys

import numcodecs
import numpy as np
import zarr

SHAPE = (13, 21, 18)  # z, y, x: not a multiple of the chunks
CHUNKS = (5, 8, 7)


def compressors():
    found = {"none": None, "zlib": numcodecs.Zlib(level=1), "gzip": numcodecs.GZip(level=1)}
    if hasattr(numcodecs, "Zstd"):
        found["zstd"] = numcodecs.Zstd(level=1)
    return found


def voxels(dtype, shape, seed):
    rng = np.random.default_rng(seed)
    kind = np.dtype(dtype)
    if kind.kind == "f":
        return (rng.standard_normal(shape) * 1000).astype(dtype)
    return rng.integers(0, np.iinfo(kind).max, size=shape, endpoint=True, dtype=kind.newbyteorder("=")).astype(dtype)


def save(root, name, array, outcome, cases):
    data = np.asarray(array[...])
    data.astype(data.dtype.newbyteorder("<")).tofile(os.path.join(root, name + ".raw"))
    cases.append("\t".join([name, array.dtype.str, ",".join(map(str, array.shape)), outcome]))


def write(root):
    cases = []
    seed = 1
    for dtype in ["|u1", "<u2", "<u4", "<f4", ">u2", ">u4", ">f4"]:
        for cname, compressor in compressors().items():
            for sep in [".", "/"]:
                if dtype.startswith(">") and (cname != "zlib" or sep != "/"):
                    continue
                name = "plain-%s-%s-%s" % (dtype[1:] + ("be" if dtype[0] == ">" else ""), cname,
                                            "flat" if sep == "." else "nested")
                z = zarr.open_array(os.path.join(root, name), mode="w", shape=SHAPE, chunks=CHUNKS, dtype=dtype,
                                    compressor=compressor, dimension_separator=sep)
                z[...] = voxels(dtype, SHAPE, seed)
                seed += 1
                save(root, name, z, "ok", cases)

    # missing chunks read as the fill value: NaN for floats, 7 for 16-bit
    z = zarr.open_array(os.path.join(root, "missing-f4-nan"), mode="w", shape=SHAPE, chunks=CHUNKS, dtype="<f4",
                        compressor=numcodecs.Zlib(level=1), fill_value=float("nan"), dimension_separator="/")
    z[0:5, 3:17, :] = voxels("<f4", (5, 14, SHAPE[2]), 100)
    save(root, "missing-f4-nan", z, "ok", cases)
    z = zarr.open_array(os.path.join(root, "missing-u2-fill7"), mode="w", shape=SHAPE, chunks=CHUNKS, dtype="<u2",
                        compressor=None, fill_value=7, dimension_separator=".")
    z[6:, :9, 2:12] = voxels("<u2", (SHAPE[0] - 6, 9, 10), 101)
    save(root, "missing-u2-fill7", z, "ok", cases)

    # OME-Zarr images: c,z,y,x in micrometers with two levels, and t,c,z,y,x with one time point
    g = zarr.open_group(os.path.join(root, "ome-czyx"), mode="w")
    data = voxels("<u2", (2,) + SHAPE, 102)
    g.create_dataset("0", data=data, chunks=(1,) + CHUNKS, compressor=numcodecs.GZip(level=1),
                     dimension_separator="/")
    g.create_dataset("1", data=data[:, :, ::2, ::2], chunks=(1,) + CHUNKS, compressor=numcodecs.GZip(level=1),
                     dimension_separator="/")
    g.attrs["multiscales"] = [{
        "version": "0.4", "name": "cells",
        "axes": [{"name": "c", "type": "channel"}, {"name": "z", "type": "space", "unit": "micrometer"},
                 {"name": "y", "type": "space", "unit": "micrometer"},
                 {"name": "x", "type": "space", "unit": "micrometer"}],
        "datasets": [
            {"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 2.0, 0.25, 0.5]}]},
            {"path": "1", "coordinateTransformations": [{"type": "scale", "scale": [1.0, 2.0, 0.5, 1.0]}]}],
    }]
    save(root, "ome-czyx", g["0"], "ok", cases)
    g = zarr.open_group(os.path.join(root, "ome-tczyx"), mode="w")
    g.create_dataset("s0", data=voxels("|u1", (1, 1) + SHAPE, 103), chunks=(1, 1) + CHUNKS, compressor=None,
                     dimension_separator="/")
    g.attrs["multiscales"] = [{
        "version": "0.4",
        "axes": [{"name": "t", "type": "time", "unit": "second"}, {"name": "c", "type": "channel"},
                 {"name": "z", "type": "space", "unit": "nanometer"},
                 {"name": "y", "type": "space", "unit": "nanometer"},
                 {"name": "x", "type": "space", "unit": "nanometer"}],
        "datasets": [{"path": "s0", "coordinateTransformations": [{"type": "scale",
                                                                   "scale": [1.0, 1.0, 40.0, 4.0, 4.0]}]}],
    }]
    save(root, "ome-tczyx", g["s0"], "ok", cases)

    # what we do not read: each must be refused with a message naming it
    g = zarr.open_group(os.path.join(root, "refused-blosc"), mode="w")
    g.create_dataset("0", data=voxels("<u2", SHAPE, 104), chunks=CHUNKS, compressor=numcodecs.Blosc(cname="lz4"))
    g.attrs["multiscales"] = [{
        "version": "0.4",
        "axes": [{"name": n, "type": "space", "unit": "micrometer"} for n in "zyx"],
        "datasets": [{"path": "0", "coordinateTransformations": [{"type": "scale", "scale": [3.0, 1.0, 1.0]}]}],
    }]
    save(root, "refused-blosc", g["0"], "blosc", cases)
    z = zarr.open_array(os.path.join(root, "refused-forder"), mode="w", shape=SHAPE, chunks=CHUNKS, dtype="<f4",
                        compressor=numcodecs.Zlib(level=1), order="F")
    z[...] = voxels("<f4", SHAPE, 105)
    save(root, "refused-forder", z, "Fortran order", cases)
    z = zarr.open_array(os.path.join(root, "refused-filters"), mode="w", shape=SHAPE, chunks=CHUNKS, dtype="<u2",
                        compressor=None, filters=[numcodecs.Delta(dtype="<u2")])
    z[...] = voxels("<u2", SHAPE, 106)
    save(root, "refused-filters", z, "filters", cases)
    z = zarr.open_array(os.path.join(root, "refused-f8"), mode="w", shape=SHAPE, chunks=CHUNKS, dtype="<f8",
                        compressor=None)
    z[...] = voxels("<f8", SHAPE, 107)
    save(root, "refused-f8", z, "<f8", cases)

    with open(os.path.join(root, "cases.tsv"), "w") as f:
        f.write("\n".join(cases) + "\n")


class Mismatch(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Mismatch(message)


def check_one(case):
    g = zarr.open_group(case["path"], mode="r")
    ms = g.attrs["multiscales"][0]
    expect(ms.get("version") == "0.4", "version %r" % ms.get("version"))
    for key, field in [("axes", "name"), ("units", "unit"), ("types", "type")]:
        got = [a.get(field) for a in ms["axes"]]
        expect(got == case[key], "axis %ss %r, expected %r" % (field, got, case[key]))
    ds = ms["datasets"][0]
    scale = [t for t in ds["coordinateTransformations"] if t["type"] == "scale"][0]["scale"]
    expect(scale == case["scale"], "scale %r, expected %r" % (scale, case["scale"]))
    a = g[ds["path"]]
    expect(a.dtype == np.dtype(case["dtype"]), "dtype %s, expected %s" % (a.dtype, case["dtype"]))
    expect(list(a.shape) == case["shape"], "shape %r, expected %r" % (a.shape, case["shape"]))
    expect(list(a.chunks) == case["chunks"], "chunks %r, expected %r" % (a.chunks, case["chunks"]))
    codec = None if a.compressor is None else a.compressor.codec_id
    expect(codec == case["compressor"], "compressor %r, expected %r" % (codec, case["compressor"]))
    expect(a._dimension_separator == case["separator"], "separator %r" % a._dimension_separator)
    fill = a.fill_value
    expect(fill == case["fill"] or (case["fill"] == "NaN" and np.isnan(fill)), "fill %r, expected %r" % (fill, case["fill"]))
    want = np.fromfile(case["raw"], dtype=np.dtype(case["dtype"]).newbyteorder("<")).reshape(a.shape)
    got = a[...]
    same = (got == want) | (np.isnan(got) & np.isnan(want)) if a.dtype.kind == "f" else got == want
    if not same.all():
        bad = tuple(np.argwhere(~same)[0])
        raise Mismatch("%d voxels differ, first at %r: %r instead of %r" % ((~same).sum(), bad, got[bad], want[bad]))


def check(listing):
    with open(listing) as f:
        cases = json.load(f)
    failed = 0
    for case in cases:
        try:
            check_one(case)
            print("OK " + case["name"])
        except Exception as e:
            failed += 1
            print("FAIL %s: %s" % (case["name"], e))
    sys.exit(1 if failed else 0)


def convert(src, dst):
    """Runs exactly the Python that ZarrFormatException recommends (PYTHON_COPY_IMAGE, PYTHON_COPY_ARRAY)."""
    source = zarr.open(src, mode="r")
    if isinstance(source, zarr.hierarchy.Group):
        zarr.copy_all(zarr.open(src, mode="r"), zarr.open_group(dst, mode="w"), compressor=numcodecs.Zlib(), order="C", filters=None)
    else:
        a = source
        zarr.array(a[...], store=dst, chunks=a.chunks, compressor=numcodecs.Zlib())


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "write":
        write(sys.argv[2])
    elif command == "check":
        check(sys.argv[2])
    elif command == "convert":
        convert(sys.argv[2], sys.argv[3])
    else:
        sys.exit("unknown command " + command)
