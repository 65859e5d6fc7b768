"""Recount a sealed evaluation from its ballots and say whether the chain and the results match what was sealed."""

from django.core.management.base import BaseCommand, CommandError

from ballots.models import Evaluation
from ballots.selectors.results import tally_verify


class Command(BaseCommand):
    help = (
        "核验民主测评的计票:重新计算每张选票的摘要、哈希链末端值和测评结果,与计票时记录的(以及结果单上印制的)比对。"
        "一致时退出码为0,不一致为1。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--evaluation", type=int, required=True, help="民主测评编号")
        parser.add_argument("--head", default="", help="结果单上印制的哈希链末端值(可选)")

    def handle(self, *args, evaluation, head, **options):
        found = Evaluation.objects.filter(pk=evaluation).first()
        if found is None:
            raise CommandError(f"没有编号为 {evaluation} 的民主测评。")
        result = tally_verify(evaluation=found, expected_head=head or None)
        self.stdout.write(f"民主测评:{found}(编号 {found.pk})")
        self.stdout.write(f"选票:{result.ballots} 张")
        self.stdout.write(f"重新计算的末端值:{result.head}")
        self.stdout.write(f"计票时记录的末端值:{result.stored_head}")
        if result.ok:
            self.stdout.write(self.style.SUCCESS("一致:选票、哈希链和测评结果均与计票时相同。"))
            return
        for problem in result.problems:
            self.stdout.write(self.style.ERROR(f"不一致:{problem}"))
        raise SystemExit(1)
