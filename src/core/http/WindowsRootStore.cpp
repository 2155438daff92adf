#include "http/WindowsRootStore.h"

#if defined(_WIN32)

#include "errors/Errors.h"
#include "log/Log.h"

// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on
// wincrypt.h defines names that OpenSSL's headers use for their own types.
#undef X509_NAME
#undef X509_EXTENSIONS
#undef PKCS7_SIGNER_INFO
#undef OCSP_REQUEST
#undef OCSP_RESPONSE

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace deskauth {

std::size_t trustWindowsRootStore(Poco::Net::Context& context) {
    HCERTSTORE store = CertOpenSystemStoreW(0, L"ROOT");
    if (!store) {
        throw NetworkError("DeskAuth could not read the trusted certificates of Windows.",
                           "CertOpenSystemStoreW(ROOT) failed with Windows error " + std::to_string(GetLastError()));
    }
    X509_STORE* trusted = SSL_CTX_get_cert_store(context.sslContext());
    std::size_t added = 0, unreadable = 0;
    for (PCCERT_CONTEXT certificate = CertEnumCertificatesInStore(store, nullptr); certificate;
         certificate = CertEnumCertificatesInStore(store, certificate)) {
        const unsigned char* der = certificate->pbCertEncoded;
        X509* x509 = d2i_X509(nullptr, &der, static_cast<long>(certificate->cbCertEncoded));
        if (!x509) {
            ++unreadable;  // a certificate OpenSSL cannot parse can vouch for nothing
            ERR_clear_error();
            continue;
        }
        // Already there (the same root twice in the store's collection) is not an error.
        if (X509_STORE_add_cert(trusted, x509) == 1) ++added;
        ERR_clear_error();
        X509_free(x509);
    }
    CertCloseStore(store, 0);
    log::get("http").debug("trusting %z certificates of the Windows ROOT store (%z unreadable)", added, unreadable);
    return added;
}

}  // namespace deskauth

#endif  // _WIN32
