"""Zarr files written and read by python3-zarr, an independent implementation, for PythonZarrTest.

  write ROOT         writes test arrays and OME-Zarr images under ROOT, each NAME with NAME.raw
                     (its voxels as python3-zarr reads them: little-endian, C order) and a line
                     in ROOT/cases.tsv: name, dtype, shape (z,y,x or c,z,y,x), expected outcome
  check DIR RAW JSON reads the OME-Zarr image DIR that Java wrote and compares its voxels with RAW
                     and its metadata with the expectations in JSON; prints OK or why not
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


def fail(message):
    print(message)
    sys.exit(1)


def check(path, raw, expected_json):
    expected = json.loads(expected_json)
    g = zarr.open_group(path, mode="r")
    ms = g.attrs["multiscales"][0]
    if ms.get("version") != "0.4":
        fail("version %r" % ms.get("version"))
    names = [a["name"] for a in ms["axes"]]
    if names != expected["axes"]:
        fail("axes %r, expected %r" % (names, expected["axes"]))
    units = [a.get("unit") for a in ms["axes"]]
    if units != expected["units"]:
        fail("units %r, expected %r" % (units, expected["units"]))
    types = [a.get("type") for a in ms["axes"]]
    if types != expected["types"]:
        fail("axis types %r, expected %r" % (types, expected["types"]))
    ds = ms["datasets"][0]
    scale = [t for t in ds["coordinateTransformations"] if t["type"] == "scale"][0]["scale"]
    if not np.allclose(scale, expected["scale"], rtol=0, atol=0):
        fail("scale %r, expected %r" % (scale, expected["scale"]))
    a = g[ds["path"]]
    if a.dtype != np.dtype(expected["dtype"]):
        fail("dtype %s, expected %s" % (a.dtype, expected["dtype"]))
    if list(a.shape) != expected["shape"] or list(a.chunks) != expected["chunks"]:
        fail("shape %r chunks %r, expected %r %r" % (a.shape, a.chunks, expected["shape"], expected["chunks"]))
    codec = None if a.compressor is None else a.compressor.codec_id
    if codec != expected["compressor"]:
        fail("compressor %r, expected %r" % (codec, expected["compressor"]))
    if a._dimension_separator != expected["separator"]:
        fail("dimension separator %r, expected %r" % (a._dimension_separator, expected["separator"]))
    want = np.fromfile(raw, dtype=np.dtype(expected["dtype"]).newbyteorder("<")).reshape(a.shape)
    got = a[...]
    if not np.array_equal(got, want, equal_nan=a.dtype.kind == "f"):
        bad = np.argwhere(~((got == want) | (np.isnan(got) & np.isnan(want)) if a.dtype.kind == "f" else got == want))
        fail("%d voxels differ, first at %r: %r instead of %r" % (len(bad), tuple(bad[0]), got[tuple(bad[0])],
                                                                 want[tuple(bad[0])]))
    print("OK")


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
        check(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "convert":
        convert(sys.argv[2], sys.argv[3])
    else:
        fail("unknown command " + command)
