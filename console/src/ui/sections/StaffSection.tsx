/**
 * Staff: who may sign in at the store's tills, with which role (POS Core: staff-router.ts). A PIN is
 * typed here only to be sent (POS Core keeps a salted hash; nothing shows it again): create a member
 * with a role and PIN, change a role, reset a PIN, deactivate. Below, the overrides given at the tills
 * and who approved them. Each change is one request with its own Idempotency-Key.
 */
import { type StaffMember, type StaffRole, staffAnswer, staffRole } from '@pos/shared/staff';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useConsoleApi } from '../console-context.ts';
import { overridesQuery, staffQuery } from '../queries.ts';

const ROLES = staffRole.options;
const PIN = /^\d{4,6}$/;

type Change = { id: string; path: 'role' | 'pin' | 'deactivate'; body: object };

export function StaffSection() {
  const api = useConsoleApi();
  const queryClient = useQueryClient();
  const staff = useQuery(staffQuery(api));
  const overrides = useQuery(overridesQuery(api));
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['staff'] });
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('cashier');
  const [pin, setPin] = useState('');
  const create = useMutation({
    mutationFn: () =>
      api.call('posCore', '/v1/store/staff', staffAnswer, {
        method: 'POST',
        key: crypto.randomUUID(),
        body: { name: name.trim(), role, pin },
      }),
    onSuccess: () => {
      setName('');
      setPin('');
      void refresh();
    },
  });
  const change = useMutation({
    mutationFn: ({ id, path, body }: Change) =>
      api.call('posCore', `/v1/store/staff/${id}/${path}`, staffAnswer, {
        method: path === 'deactivate' ? 'POST' : 'PUT',
        key: crypto.randomUUID(),
        body,
      }),
    onSuccess: refresh,
  });
  const nameOf = (id: string | null) => (id === null ? '—' : (staff.data?.find((s) => s.id === id)?.name ?? id));
  const failure = create.error ?? change.error;
  return (
    <section>
      <h2>Staff</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <input aria-label="Name" placeholder="Name" data-testid="staff-name" value={name} onChange={(e) => setName(e.target.value)} />
        <RoleSelect label="Role" testId="staff-role" value={role} onChange={setRole} />
        <PinInput label="PIN (4–6 digits)" testId="staff-pin" value={pin} onChange={setPin} />
        <button
          type="submit"
          className="primary"
          data-testid="staff-create"
          disabled={create.isPending || name.trim() === '' || !PIN.test(pin)}
        >
          Add staff member
        </button>
      </form>
      {failure && (
        <p className="bad" role="alert" data-testid="staff-error">
          {failure.message}
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {staff.data?.map((member) => (
            <StaffRow key={member.id} member={member} busy={change.isPending} onChange={(c) => change.mutate(c)} />
          ))}
        </tbody>
      </table>
      {staff.data?.length === 0 && <p data-testid="staff-empty">No staff yet: the store's tills sell without signing in.</p>}

      <h3>Overrides at the tills</h3>
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Till</th>
            <th>What</th>
            <th>Asked by</th>
            <th>Approved by</th>
          </tr>
        </thead>
        <tbody>
          {overrides.data?.map((o) => (
            <tr key={o.id} data-testid="override-row" data-override-id={o.id} data-action={o.action}>
              <td>{new Date(o.createdAt).toLocaleString()}</td>
              <td>{o.terminalId}</td>
              <td>
                {o.action.replaceAll('_', ' ')}
                {o.detail ? ` (${o.detail})` : ''}
              </td>
              <td data-testid="override-requester">{nameOf(o.staffId)}</td>
              <td data-testid="override-approver">{nameOf(o.approvedBy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function StaffRow({ member, busy, onChange }: { member: StaffMember; busy: boolean; onChange: (change: Change) => void }) {
  const [newPin, setNewPin] = useState('');
  return (
    <tr data-testid="staff-row" data-staff-name={member.name} data-role={member.role} data-active={member.active}>
      <th scope="row">{member.name}</th>
      <td>
        <RoleSelect
          label={`Role of ${member.name}`}
          testId="staff-row-role"
          value={member.role}
          disabled={busy || !member.active}
          onChange={(role) => onChange({ id: member.id, path: 'role', body: { role } })}
        />
      </td>
      <td data-testid="staff-row-state">{member.active ? 'active' : 'deactivated'}</td>
      <td className="actions">
        {member.active && (
          <>
            <PinInput label={`New PIN for ${member.name}`} testId="staff-row-pin" value={newPin} onChange={setNewPin} />
            <button
              type="button"
              data-testid="staff-row-reset-pin"
              disabled={busy || !PIN.test(newPin)}
              onClick={() => {
                onChange({ id: member.id, path: 'pin', body: { pin: newPin } });
                setNewPin('');
              }}
            >
              Reset PIN
            </button>
            <button
              type="button"
              data-testid="staff-row-deactivate"
              disabled={busy}
              onClick={() => {
                if (window.confirm(`Deactivate ${member.name}? They can no longer sign in at any till.`))
                  onChange({ id: member.id, path: 'deactivate', body: {} });
              }}
            >
              Deactivate
            </button>
          </>
        )}
      </td>
    </tr>
  );
}

function RoleSelect({
  label,
  testId,
  value,
  disabled = false,
  onChange,
}: {
  label: string;
  testId: string;
  value: StaffRole;
  disabled?: boolean;
  onChange: (role: StaffRole) => void;
}) {
  return (
    <select
      aria-label={label}
      data-testid={testId}
      value={value}
      disabled={disabled}
      onChange={(e) => onChange(staffRole.parse(e.target.value))}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

/** A PIN typed by the manager: digits only, at most 6, never shown. */
function PinInput({ label, testId, value, onChange }: { label: string; testId: string; value: string; onChange: (pin: string) => void }) {
  return (
    <input
      aria-label={label}
      placeholder={label}
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
    />
  );
}
