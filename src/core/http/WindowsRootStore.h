#pragma once
// Windows only: the trusted root CAs of the Windows certificate store, added to an OpenSSL context.
// OpenSSL's default verify paths are files under its build-time OPENSSLDIR, which on Windows is no
// system location at all, so a CA that IT deploys the Windows way (Group Policy, Intune, the
// certificates console) would never be trusted. The "ROOT" system store of the current user is
// the one Windows itself verifies against: it shows the user's roots together with the machine's
// and the Group Policy ones (CertOpenSystemStoreW, Microsoft's "System Store Locations").
// Threads: call while no connection uses `context` yet (PocoHttpTransport, as it makes its context).
#if defined(_WIN32)

#include <Poco/Net/Context.h>

#include <cstddef>

namespace deskauth {

// Adds every certificate of the "ROOT" system store to the context's X509_STORE and returns how
// many were added. Throws NetworkError when the store cannot be opened.
std::size_t trustWindowsRootStore(Poco::Net::Context& context);

}  // namespace deskauth

#endif  // _WIN32
