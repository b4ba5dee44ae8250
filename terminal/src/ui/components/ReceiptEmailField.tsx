/** The optional customer email for an emailed receipt (sent by the notification service once the sale is confirmed). */
export function ReceiptEmailField({ value, onChange }: { value: string; onChange: (email: string) => void }) {
  return (
    <label className="receipt-email">
      Email receipt to (optional)
      <input
        type="email"
        data-testid="receipt-email"
        autoComplete="off"
        inputMode="email"
        maxLength={254}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
