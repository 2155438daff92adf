#pragma once
// A QR code of a short text (the device sign-in address) as a bitmap, drawn from libqrencode's
// module matrix with the quiet zone the standard asks for. An empty bitmap where libqrencode is
// not available (Windows and macOS builds) or the text does not fit.
// Threads: UI thread only (it makes a wxBitmap).
#include <wx/bitmap.h>

#include <string>

namespace deskauth::app {

// `moduleSize`: pixels per QR module.
wxBitmap qrCodeBitmap(const std::string& text, int moduleSize);

}  // namespace deskauth::app
