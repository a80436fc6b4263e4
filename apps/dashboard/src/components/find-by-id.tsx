/** The header's "find by id" box: a plain GET form, so it works before any script has loaded. */
export function FindById() {
  return (
    <search className="find-by-id">
      <form action="/find" method="get">
        <input
          name="id"
          type="search"
          placeholder="Find a run, thread or assistant by id"
          aria-label="Find by id"
          spellCheck={false}
          autoComplete="off"
          required
          maxLength={128}
        />
      </form>
    </search>
  );
}
