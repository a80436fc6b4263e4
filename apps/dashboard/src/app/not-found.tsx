import Link from "next/link";

export default function NotFound() {
  return (
    <section className="not-found">
      <h1>Not found</h1>
      <p>There is no such run here. A run exists only under its own thread, so check both ids in the address.</p>
      <p>
        <Link href="/">Back to all runs</Link>
      </p>
    </section>
  );
}
