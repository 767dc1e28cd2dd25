import { NotBuilt } from "@/components/ui/not-built";

export default function Page() {
  return <NotBuilt title="nav.upload" />;
}
