#include "views/QrCodeBitmap.h"

#include <wx/image.h>

#if DESKAUTH_HAVE_QRENCODE
#include <qrencode.h>

#include <memory>
#endif

namespace deskauth::app {

wxBitmap qrCodeBitmap(const std::string& text, int moduleSize) {
#if DESKAUTH_HAVE_QRENCODE
    // Version 0 = the smallest that fits; level M survives some glare on a photographed screen.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                        &QRcode_free);
    if (!code) return {};
    constexpr int quietZone = 4;  // modules of white around the symbol (ISO/IEC 18004)
    const int modules = code->width + 2 * quietZone;
    const int side = modules * moduleSize;
    wxImage image(side, side);
    image.SetRGB(wxRect(0, 0, side, side), 255, 255, 255);
    for (int y = 0; y < code->width; ++y) {
        for (int x = 0; x < code->width; ++x) {
            if ((code->data[y * code->width + x] & 1) == 0) continue;  // bit 0: dark module
            image.SetRGB(wxRect((x + quietZone) * moduleSize, (y + quietZone) * moduleSize, moduleSize, moduleSize), 0, 0, 0);
        }
    }
    return wxBitmap(image);
#else
    (void)text;
    (void)moduleSize;
    return {};
#endif
}

}  // namespace deskauth::app
