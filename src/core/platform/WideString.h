#pragma once
// UTF-8 to the UTF-16 wide strings of the Windows API (Windows-only code; POCO does the work).
// Threads: pure conversions; any thread.
#include <Poco/UnicodeConverter.h>

#include <string>

namespace deskauth {

inline std::wstring widen(const std::string& utf8) { return Poco::UnicodeConverter::to<std::wstring>(utf8); }

}  // namespace deskauth
