// Uncompressed DICOM series writer through gdcm::ImageWriter (see dicom_writer.h).
#include "io/dicom_writer.h"

#include <cstdio>
#include <filesystem>

#include <gdcmImageWriter.h>
#include <gdcmUIDGenerator.h>

#include "io/atomic_file.h"
#include "io/error.h"
#include "io/gdcm_dataset.h"
#include "io/gdcm_support.h"

namespace marrow {

std::vector<std::string> writeDicomSeries(const Volume& stored, const std::string& folder,
                                          const DicomWriteOptions& options) {
    if (stored.type() != ScalarType::Int16 && stored.type() != ScalarType::UInt16)
        throw Error(folder, "DICOM writer takes int16 or uint16 stored values");
    silenceGdcmTrace();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw Error(folder, "cannot create folder: " + ec.message());

    const ImageGeometry& g = stored.geometry();
    const int nx = g.dim(0), ny = g.dim(1), nz = g.dim(2);
    gdcm::UIDGenerator uids;
    const std::string seriesUid = options.seriesUid.empty() ? uids.Generate() : options.seriesUid;
    const std::string studyUid = uids.Generate();
    const std::string forUid = uids.Generate();
    const Vec3 row = g.direction().column(0), col = g.direction().column(1);
    const size_t planeBytes = size_t(nx) * size_t(ny) * 2;
    const auto* bytes = static_cast<const char*>(stored.raw());

    std::vector<std::string> paths;
    for (int k = 0; k < nz; ++k) {
        char name[64];
        std::snprintf(name, sizeof name, "%04d.dcm", options.reverseFileNames ? nz - 1 - k : k);
        const std::string path = folder + "/" + options.filePrefix + name;

        gdcm::ImageWriter writer;
        gdcm::Image& image = writer.GetImage();
        image.SetNumberOfDimensions(2);
        image.SetDimension(0, unsigned(nx));
        image.SetDimension(1, unsigned(ny));
        image.SetPixelFormat(stored.type() == ScalarType::Int16 ? gdcm::PixelFormat::INT16 : gdcm::PixelFormat::UINT16);
        image.SetPhotometricInterpretation(gdcm::PhotometricInterpretation::MONOCHROME2);
        image.SetTransferSyntax(options.explicitVr ? gdcm::TransferSyntax::ExplicitVRLittleEndian
                                                   : gdcm::TransferSyntax::ImplicitVRLittleEndian);
        const Vec3 ipp = g.indexToPatient({0, 0, double(k)});
        const double cosines[6] = {row.x, row.y, row.z, col.x, col.y, col.z};
        // Per index: the array overload copies only NumberOfDimensions (2) values.
        for (unsigned a = 0; a < 3; ++a) image.SetOrigin(a, ipp[int(a)]);
        image.SetDirectionCosines(cosines);
        image.SetSpacing(0, g.spacing().x);
        image.SetSpacing(1, g.spacing().y);
        image.SetSlope(options.rescaleSlope);
        image.SetIntercept(options.rescaleIntercept);
        gdcm::DataElement pixels(gdcm::Tag(0x7fe0, 0x0010));
        pixels.SetByteValue(bytes + size_t(k) * planeBytes, uint32_t(planeBytes));
        image.SetDataElement(pixels);

        gdcm::DataSet& ds = writer.GetFile().GetDataSet();
        // CT Image Storage whatever the modality: for MR with a rescale GDCM would switch to
        // Enhanced MR and move the rescale into functional groups, which fixtures must avoid.
        setDicomText(ds, 0x0008, 0x0016, gdcm::VR::UI, "1.2.840.10008.5.1.4.1.1.2");
        setDicomText(ds, 0x0008, 0x0018, gdcm::VR::UI, uids.Generate());
        setDicomText(ds, 0x0008, 0x0060, gdcm::VR::CS, options.modality);
        setDicomText(ds, 0x0008, 0x103e, gdcm::VR::LO, options.description);
        setDicomText(ds, 0x0020, 0x000d, gdcm::VR::UI, studyUid);
        setDicomText(ds, 0x0020, 0x000e, gdcm::VR::UI, seriesUid);
        setDicomText(ds, 0x0020, 0x0052, gdcm::VR::UI, forUid);
        setDicomText(ds, 0x0020, 0x0013, gdcm::VR::IS, std::to_string(k + 1));
        setDicomText(ds, 0x0018, 0x0050, gdcm::VR::DS, "1");

        writeFileAtomically(path, [&](const std::string& tmp) {
            writer.SetFileName(tmp.c_str());
            if (!writer.Write()) throw Error(tmp, "GDCM could not write the DICOM file");
        });
        paths.push_back(path);
    }
    return paths;
}

}  // namespace marrow
