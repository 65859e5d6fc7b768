from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from common.audit_chain import CHAINS, chain_seal, chain_verify


class Command(BaseCommand):
    help = "校验审计记录(变更与查阅)的哈希链:指出被修改、删除或插入的记录。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect",
            action="append",
            default=[],
            metavar="CHAIN=SEQ:HASH",
            help="上次校验记下的链尾(如 common.auditlog=1200:ab12…):确认其后记录未被截断。",
        )
        parser.add_argument("--no-seal", action="store_true", help="校验前不封存刚提交的记录。")

    def handle(self, *args, expect, no_seal, **options):
        expected = {}
        for item in expect:
            chain, _eq, head = item.partition("=")
            seq, _colon, digest = head.partition(":")
            if chain not in CHAINS or not seq.isdigit() or len(digest) != 64:
                raise CommandError(f"--expect 格式应为 CHAIN=SEQ:HASH,CHAIN 为 {', '.join(CHAINS)}")
            expected[chain] = (int(seq), digest)
        failed = False
        for label in CHAINS:
            if not no_seal:
                chain_seal(label)
            report = chain_verify(label)
            problems = list(report.problems)
            if label in expected:
                seq, digest = expected[label]
                kept = apps.get_model(label)._base_manager.filter(seq=seq).values_list("row_hash", flat=True).first()
                if kept != digest:
                    problems.append(f"序号 {seq} 的记录不在或已改变:记下的链尾之后有记录被删除或链被截断")
            head = f"{report.head[0]}:{report.head[1]}" if report.head else "—"
            self.stdout.write(f"{label}: {report.rows} 条,起于序号 {report.first or '—'},链尾 {head}")
            if report.unsealed:
                self.stdout.write(f"  {report.unsealed} 条记录十分钟以上未封存")
            for problem in problems:
                self.stdout.write(self.style.ERROR(f"  {problem}"))
            failed = failed or bool(problems)
        if failed:
            raise CommandError("审计记录校验未通过。")
        self.stdout.write(self.style.SUCCESS("审计记录完整。"))
