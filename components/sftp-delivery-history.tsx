import { formatDateTime } from "@/lib/dates";
import type { DeliveryHistoryRow } from "@/lib/sftp-delivery/queries";

/** Files pushed to an institution's SFTP server, newest first (SFTP Delivery and Institution Activity pages). */
export function SftpDeliveryHistory({ rows, institutionName }: { rows: DeliveryHistoryRow[]; institutionName: string }) {
  if (!rows.length) return <p className="text-sm text-slate-700">No files delivered yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="sftp-history">
        <caption className="sr-only">Files delivered to the SFTP server of {institutionName}, newest first</caption>
        <thead className="border-b border-slate-300 text-slate-700">
          <tr>
            <th scope="col" className="py-2 pr-4">Time</th>
            <th scope="col" className="py-2 pr-4">File</th>
            <th scope="col" className="py-2 pr-4">Records</th>
            <th scope="col" className="py-2 pr-4">Attempts</th>
            <th scope="col" className="py-2">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((d) => (
            <tr key={d.id} className="align-top">
              <td className="py-2 pr-4">{formatDateTime(d.deliveredAt ?? d.createdAt)}</td>
              <td className="py-2 pr-4 font-mono text-xs break-all">{d.fileName}</td>
              <td className="py-2 pr-4">{d.records}</td>
              <td className="py-2 pr-4">{d.attempts}</td>
              <td className="py-2">
                {d.status === "DELIVERED" ? "Delivered" : "Waiting to retry"}
                {d.status !== "DELIVERED" && d.lastError ? <span className="block text-xs text-red-800">{d.lastError}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
