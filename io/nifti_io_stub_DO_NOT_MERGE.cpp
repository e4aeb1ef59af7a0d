// TEMPORARY link stub until io/nifti_io.cpp and io/phantom.cpp land on main. DO NOT MERGE.
#include "io/error.h"
#include "io/nifti_io.h"
#include "io/phantom.h"

namespace marrow {
Volume readNifti(const std::string& path) { throw Error(path, "NIfTI reader not merged yet"); }
void writeNifti(const Volume&, const std::string& path) { throw Error(path, "NIfTI writer not merged yet"); }
Phantom makePhantom(const PhantomOptions&) { throw Error("phantom", "phantom not merged yet"); }
}  // namespace marrow
