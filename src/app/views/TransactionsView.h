#pragma once
// One company's details and its transactions; Back returns to the list. UI thread only.
#include "data/ApiData.h"
#include "views/Spinner.h"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>

#include <functional>

namespace deskauth::app {

class TransactionsView final : public wxPanel {
public:
    explicit TransactionsView(wxWindow* parent);

    std::function<void()> onBack;

    void showLoading();
    void showTransactions(const CompanyTransactions& data);

private:
    wxStaticText* title_;
    wxStaticText* details_;
    Spinner* spinner_;
    wxListCtrl* list_;
};

}  // namespace deskauth::app
