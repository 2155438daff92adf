#include "views/TransactionsView.h"

#include "views/Theme.h"

#include <wx/button.h>
#include <wx/sizer.h>

namespace deskauth::app {

TransactionsView::TransactionsView(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("view.transactions");
    auto* back = new wxButton(this, wxID_BACKWARD, L"\u2190 Back to companies");
    back->SetName("transactions.back");
    title_ = new wxStaticText(this, wxID_ANY, "Transactions");
    title_->SetFont(theme::scaled(this, 1.5, true));
    spinner_ = new Spinner(this);
    details_ = new wxStaticText(this, wxID_ANY, "");
    details_->SetForegroundColour(theme::muted());
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->SetName("transactions.list");
    list_->AppendColumn("Transaction", wxLIST_FORMAT_LEFT, FromDIP(160));
    list_->AppendColumn("Investor", wxLIST_FORMAT_LEFT, FromDIP(160));
    list_->AppendColumn("Amount", wxLIST_FORMAT_RIGHT, FromDIP(140));
    list_->AppendColumn("Date", wxLIST_FORMAT_LEFT, FromDIP(140));

    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    heading->Add(title_, wxSizerFlags().CenterVertical());
    heading->Add(spinner_, wxSizerFlags().CenterVertical().Border(wxLEFT, 12));
    auto* column = new wxBoxSizer(wxVERTICAL);
    column->Add(back, wxSizerFlags().Border(wxLEFT | wxTOP, 16));
    column->Add(heading, wxSizerFlags().Border(wxLEFT | wxRIGHT | wxTOP, 16));
    column->Add(details_, wxSizerFlags().Border(wxALL, 16));
    column->Add(list_, wxSizerFlags(1).Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, 16));
    SetSizer(column);

    back->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onBack) onBack(); });
}

void TransactionsView::showLoading() {
    title_->SetLabel("Transactions");
    details_->SetLabel(L"Loading\u2026");
    list_->DeleteAllItems();
    spinner_->Show();
    spinner_->Start();
    Layout();
}

void TransactionsView::showTransactions(const CompanyTransactions& data) {
    spinner_->Stop();
    spinner_->Hide();
    const Company& c = data.company;
    title_->SetLabel(wxString::FromUTF8(c.name) + L" \u2014 transactions");
    details_->SetLabel(wxString::Format("Region: %s    Target: %s    Investment: %s    Investors: %d",
                                        wxString::FromUTF8(c.region), theme::dollars(c.targetUsd),
                                        theme::dollars(c.investmentUsd), c.noInvestors));
    list_->Freeze();
    list_->DeleteAllItems();
    for (std::size_t i = 0; i < data.transactions.size(); ++i) {
        const auto& t = data.transactions[i];
        const long row = list_->InsertItem(static_cast<long>(i), wxString::FromUTF8(t.id));
        list_->SetItem(row, 1, wxString::FromUTF8(t.investorId));
        list_->SetItem(row, 2, theme::dollars(t.amountUsd));
        list_->SetItem(row, 3, wxString::FromUTF8(t.date));
    }
    list_->Thaw();
    Layout();
    list_->SetFocus();
}

}  // namespace deskauth::app
