#pragma once
// Help → Diagnostics…: runs the checks a sign-in depends on (core runDiagnostics, given as
// `runChecks`) on a worker thread and lists each result — OK, warning, problem, skipped — with what
// to do, plus Copy report (the same text `deskauth --diagnose` prints) and Run again. The window
// stays usable while the checks run. UI thread only.
#include "diagnostics/DiagnosticReport.h"
#include "work/BackgroundWork.h"

#include <wx/dialog.h>

#include <functional>

class wxButton;
class wxListCtrl;
class wxStaticText;
class wxTextCtrl;

namespace deskauth::app {

class Spinner;

class DiagnosticsDialog final : public wxDialog {
public:
    // `runChecks` blocks (network, keyring); it runs off the UI thread.
    DiagnosticsDialog(wxWindow* parent, std::function<DiagnosticReport()> runChecks);

    void runChecks();
    const DiagnosticReport& report() const { return report_; }

private:
    void show(const DiagnosticReport& report);
    void copyReport();
    void showDetails(long row);

    std::function<DiagnosticReport()> checks_;
    DiagnosticReport report_;
    bool running_ = false;
    Spinner* spinner_;
    wxStaticText* summary_;
    wxListCtrl* list_;
    wxTextCtrl* details_;  // the selected line in full, with its advice
    wxButton* copy_;
    wxButton* again_;
    BackgroundWork work_{this};  // last: dropped first, so no late result reaches a dead window
};

}  // namespace deskauth::app
