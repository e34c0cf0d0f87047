import { Table, TD } from "@/components/ui/table";
import { formatDateTime } from "@/lib/dates";
import type { DeliveryHistoryRow } from "@/lib/sftp-delivery/queries";

/** Files pushed to an institution's SFTP server, newest first (SFTP Delivery and Institution Activity pages). */
export function SftpDeliveryHistory({ rows, institutionName }: { rows: DeliveryHistoryRow[]; institutionName: string }) {
  if (!rows.length) return <p className="text-sm text-slate-700">No files delivered yet.</p>;
  return (
    <Table
      testId="sftp-history"
      caption={`Files delivered to the SFTP server of ${institutionName}, newest first`}
      columns={["Time", "File", "Records", "Attempts", "Status"]}
    >
      {rows.map((d) => (
        <tr key={d.id} className="align-top">
          <td className={TD}>{formatDateTime(d.deliveredAt ?? d.createdAt)}</td>
          <td className={`${TD} font-mono text-xs break-all`}>{d.fileName}</td>
          <td className={TD}>{d.records}</td>
          <td className={TD}>{d.attempts}</td>
          <td className={TD}>
            {d.status === "DELIVERED" ? "Delivered" : "Waiting to retry"}
            {d.status !== "DELIVERED" && d.lastError ? <span className="block text-xs text-red-800">{d.lastError}</span> : null}
          </td>
        </tr>
      ))}
    </Table>
  );
}
