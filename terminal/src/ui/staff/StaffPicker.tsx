import type { CurrentStaff } from '@pos/till-core/staff';

/** Staff members as buttons, one chosen (sign-in: who signs in; override: who approves). */
export function StaffPicker({
  staff,
  chosen,
  onChoose,
  testId,
}: {
  staff: readonly CurrentStaff[];
  chosen: string | null;
  onChoose: (id: string) => void;
  testId: string;
}) {
  return (
    <div className="row staff-names">
      {staff.map((s) => (
        <button
          key={s.id}
          type="button"
          data-testid={testId}
          data-staff-name={s.name}
          aria-pressed={s.id === chosen}
          onClick={() => onChoose(s.id)}
        >
          {s.name}
        </button>
      ))}
    </div>
  );
}
