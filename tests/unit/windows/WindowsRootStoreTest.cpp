// Windows: TLS trusts the CAs of the Windows ROOT store (a CA deployed the Windows way) and
// tls.extraCaFile, and nothing else. Against a real HTTPS server on 127.0.0.1 whose certificate
// the development CA signed; the CA is put into the current user's ROOT store of the test's own
// Wine prefix and taken out again. (On a real Windows desktop adding a root asks the user first.)
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "http/WindowsRootStore.h"
#include "support/HostileAuthServer.h"
#include "support/TestPaths.h"

#include <Poco/Crypto/X509Certificate.h>
#include <gtest/gtest.h>

// clang-format off
#include <windows.h>
#include <wincrypt.h>
// clang-format on
#undef X509_NAME
#include <openssl/x509.h>

#include <vector>

using namespace deskauth;

namespace {

// The development CA in the current user's ROOT store while this object lives.
class DevCaInRootStore {
public:
    DevCaInRootStore() {
        Poco::Crypto::X509Certificate ca(test::devCertsDir() + "/ca.pem");
        const int size = i2d_X509(const_cast<X509*>(ca.certificate()), nullptr);
        std::vector<unsigned char> der(static_cast<std::size_t>(size));
        unsigned char* out = der.data();
        i2d_X509(const_cast<X509*>(ca.certificate()), &out);
        // The machine's Root certificates (HKLM\Software\Microsoft\SystemCertificates\Root), where
        // IT deploys a corporate root; the ROOT system store of every user shows them.
        store_ = CertOpenStore(CERT_STORE_PROV_SYSTEM_REGISTRY_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE, L"Root");
        if (!store_) throw std::runtime_error("CertOpenStore(LocalMachine Root) failed: " + std::to_string(GetLastError()));
        if (!CertAddEncodedCertificateToStore(store_, X509_ASN_ENCODING, der.data(), static_cast<DWORD>(der.size()),
                                              CERT_STORE_ADD_REPLACE_EXISTING, &added_)) {
            throw std::runtime_error("CertAddEncodedCertificateToStore failed: " + std::to_string(GetLastError()));
        }
    }
    ~DevCaInRootStore() {
        CertDeleteCertificateFromStore(added_);  // frees added_ too
        CertCloseStore(store_, 0);
    }
    // Whether a fresh ROOT system store (what trustWindowsRootStore reads) lists the CA.
    bool visibleInRootStore() const {
        HCERTSTORE root = CertOpenSystemStoreW(0, L"ROOT");
        if (!root) return false;
        PCCERT_CONTEXT found = CertFindCertificateInStore(root, X509_ASN_ENCODING, 0, CERT_FIND_EXISTING, added_, nullptr);
        if (found) CertFreeCertificateContext(found);
        CertCloseStore(root, 0);
        return found != nullptr;
    }
    DevCaInRootStore(const DevCaInRootStore&) = delete;
    DevCaInRootStore& operator=(const DevCaInRootStore&) = delete;

private:
    HCERTSTORE store_ = nullptr;
    PCCERT_CONTEXT added_ = nullptr;
};

int discoveryStatus(const test::HostileAuthServer& server, TransportSettings settings) {
    return PocoHttpTransport(std::move(settings))
        .send({"GET", server.issuer() + "/.well-known/openid-configuration", {}, "", ""})
        .status;
}

}  // namespace

TEST(WindowsRootStore, EveryRootOfTheStoreGoesIntoTheContext) {
    Poco::Net::Context context(Poco::Net::Context::TLS_CLIENT_USE, Poco::Net::Context::Params());
    HCERTSTORE root = CertOpenSystemStoreW(0, L"ROOT");
    ASSERT_NE(root, nullptr);
    std::size_t listed = 0;
    for (PCCERT_CONTEXT c = CertEnumCertificatesInStore(root, nullptr); c; c = CertEnumCertificatesInStore(root, c)) ++listed;
    CertCloseStore(root, 0);
    EXPECT_GT(listed, 0u) << "Windows (and Wine, from the host's CAs) has roots";
    EXPECT_EQ(trustWindowsRootStore(context), listed);
}

TEST(WindowsRootStore, ACaOutsideTheRootStoreAndTheExtraCaFileIsNotTrusted) {
    test::HostileAuthServer server;
    EXPECT_THROW(discoveryStatus(server, {}), NetworkError);
}

TEST(WindowsRootStore, ACaInTheWindowsRootStoreIsTrusted) {
    test::HostileAuthServer server;
    DevCaInRootStore trusted;
    ASSERT_TRUE(trusted.visibleInRootStore()) << "the ROOT system store does not list a root added to the machine's Root";
    EXPECT_EQ(discoveryStatus(server, {}), 200);
}

TEST(WindowsRootStore, TheRootStoreIsNotAskedWhenSystemCasAreOff) {
    // --diagnose asks "is it the extra CA that trusts it?" with the system CAs off.
    test::HostileAuthServer server;
    DevCaInRootStore trusted;
    TransportSettings settings;
    settings.trustSystemCAs = false;
    EXPECT_THROW(discoveryStatus(server, settings), NetworkError);
}

TEST(WindowsRootStore, TheExtraCaFileIsTrustedBesideTheRootStore) {
    test::HostileAuthServer server;
    TransportSettings settings;
    settings.extraCaFile = test::devCertsDir() + "/ca.pem";
    EXPECT_EQ(discoveryStatus(server, settings), 200);
}
